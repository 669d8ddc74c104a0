from kompeten.core.models import LspProfile


def kompeten(request):
    return {"lsp": LspProfile.current()}
