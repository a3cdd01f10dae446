from django.http import Http404


def organization(request, slug):
    raise Http404("尚未实现")


def person(request, pk):
    raise Http404("尚未实现")
