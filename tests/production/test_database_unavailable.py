"""A database that cannot be reached answers 503 with a message, not a bare server error."""

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from newsroom.routers import DatabaseUnavailableMiddleware


def test_a_save_while_the_primary_restarts_is_refused_with_a_clear_message():
    def saving(request):
        raise OperationalError("terminating connection due to administrator command")

    chain = DatabaseUnavailableMiddleware(convert_exception_to_response(saving))
    response = chain(RequestFactory().post("/admin/articles/article/1/change/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "没有保存任何内容" in text and "再提交一次" in text


def test_a_server_gone_under_a_server_side_cursor_is_refused_with_the_message_too():
    """Django lets psycopg's own error through where it closes a server-side cursor (a
    filter form's choices): the server went away all the same."""
    import psycopg

    def listing(request):
        raise psycopg.OperationalError("consuming input failed: server closed the connection")

    chain = DatabaseUnavailableMiddleware(convert_exception_to_response(listing))
    response = chain(RequestFactory().get("/search/"))
    assert response.status_code == 503
    assert "再提交一次" in response.content.decode()


@pytest.mark.parametrize("error", [ValueError("bug"), None])
def test_other_errors_and_answers_are_left_alone(error):
    def view(request):
        if error:
            raise error
        return HttpResponse("好")

    chain = DatabaseUnavailableMiddleware(convert_exception_to_response(view))
    response = chain(RequestFactory().get("/"))
    assert response.status_code == (500 if error else 200)
