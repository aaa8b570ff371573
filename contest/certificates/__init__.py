"""Certificates: templates, batches issued in the background, rendering with a QR code, unit
downloads, public verification, reissue and revocation."""
