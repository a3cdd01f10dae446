from django.http import Http404, HttpResponse


def home(request):
    return HttpResponse("科协报")


def _missing(request, **kwargs):
    raise Http404("尚未实现")


issue = page = article = column = tag = series = _missing
