import re
from django.urls import reverse

def test_dump(client, unit_user, complete_entry):
    client.force_login(unit_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in [reverse("portal:home"), reverse("portal:entry-detail", args=[complete_entry.pk]),
                reverse("portal:entry-edit", args=[complete_entry.pk])]:
        html = client.get(url).content.decode()
        html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", html)
        print("=====", url, "\n", re.sub(r"\s+", " ", text)[:3000])
    r = client.post(reverse("portal:entry-submit", args=[complete_entry.pk]), follow=True)
    text = re.sub(r"<[^>]+>", " ", r.content.decode())
    print("===== submit\n", re.sub(r"\s+", " ", text)[:1500])
