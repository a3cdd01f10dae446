"""The fields a browser would post back from the admin's change form (locust's editors
and run.py's editor of the primary's restart read forms alike)."""

import re
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The fields a browser would post back from a form (the admin's change form)."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([name, a.get("value", "on" if a.get("type") == "checkbox" else "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = [name, None]
        elif tag == "option" and self._select is not None and "selected" in a:
            self.fields.append([self._select[0], a.get("value", "")])

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self._textarea is not None and self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html):
    reader = FormReader()
    start = html.find('id="article_form"')
    reader.feed(html[html.rfind("<form", 0, start) if start > 0 else 0 :])
    return reader.fields


def csrf(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""
