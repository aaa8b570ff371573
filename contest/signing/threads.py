"""pyHanko's synchronous calls (signing, validation) start their own event loop with asyncio.run(),
which refuses to run in a thread that already runs one (an ASGI server; Playwright's sync API in the
browser tests). There the call runs in a thread of its own; elsewhere it runs in place."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def outside_event_loop(function, /, *args, **kwargs):
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()
