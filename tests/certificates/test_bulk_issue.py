"""A whole jadwal's certificates issued in the background, with a progress that refreshes itself."""

from django.urls import reverse

from kompeten.cases.models import Case, CaseStatus
from kompeten.certificates.models import Certificate
from kompeten.certificates.selectors import session_issue_progress


def test_the_lsp_issues_every_certificate_of_a_session_and_watches_the_progress(
    client, cast, participant, django_capture_on_commit_callbacks
):
    session = participant.session
    Case.objects.filter(pk=participant.case_id).update(status=CaseStatus.COMPETENT)
    assert session_issue_progress(session) == {
        "competent": 1,
        "issued": 0,
        "rendered": 0,
        "percent": 0,
        "finished": False,
    }
    client.force_login(cast.manajer)
    url = reverse("certificates:session_certificates", kwargs={"pk": session.pk})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "0 dari 1 diterbitkan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "1 sertifikat sedang diterbitkan" in response.content.decode()
    certificate = Certificate.objects.get(case=participant.case)
    assert certificate.pdf
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "1 dari 1 diterbitkan, 1 dengan PDF" in fragment and "hx-trigger" not in fragment
    again = client.post(url, follow=True)
    assert "Tidak ada permohonan pada jadwal ini yang menunggu sertifikat." in again.content.decode()


def test_only_the_lsp_issues_a_session(client, cast, participant):
    client.force_login(cast.komite)
    url = reverse("certificates:session_certificates", kwargs={"pk": participant.session.pk})
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
