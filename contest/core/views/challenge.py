"""The proof-of-work challenge a public form's widget asks for (contest/core/challenge.py)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from contest.core.challenge import new_challenge

# A person needs one per form sent; a robot fetching thousands only wastes its own effort, but
# each costs us an HMAC, so the count per visitor is bounded.
CHALLENGE_RATE = "30/m"


@require_GET
@never_cache
@ratelimit(key="ip", rate=CHALLENGE_RATE, method="GET", group="challenge")
def challenge(request):
    return JsonResponse(new_challenge())
