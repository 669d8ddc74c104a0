from django.urls import reverse


def test_pages_are_indonesian_even_when_the_browser_prefers_english(client, db):
    response = client.get(reverse("schemes:landing"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Skema sertifikasi aktif" in response.content.decode()
    assert response.headers["Content-Language"] == "id"


def test_the_language_switch_turns_the_interface_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert "Active certification schemes" in response.content.decode()
    response = client.post(reverse("set_language"), {"language": "id", "next": "/"}, follow=True)
    assert "Skema sertifikasi aktif" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client, db):
    client.cookies["django_language"] = "xx"
    assert "Skema sertifikasi aktif" in client.get(reverse("schemes:landing")).content.decode()
