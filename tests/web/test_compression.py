"""Pages and JSON are gzipped for browsers that accept it (web/compression.py); small answers, files and
browsers without gzip get them as they are."""

import gzip

from tests.support.factories import make_teacher


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, auth, database):
    make_teacher(login="bas@school.test")
    auth.login("bas@school.test")
    plain = client.get("/leraar")
    zipped = client.get("/leraar", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert int(zipped.headers["Content-Length"]) == len(zipped.get_data()) < len(plain.get_data()) / 2
    assert gzip.decompress(zipped.get_data()) == plain.get_data()


def test_small_answers_and_files_are_not_compressed(client, database):
    assert "Content-Encoding" not in client.get("/health", headers={"Accept-Encoding": "gzip"}).headers
    with client.get("/static/css/doelpunt.css", headers={"Accept-Encoding": "gzip"}) as css:
        assert css.status_code == 200 and "Content-Encoding" not in css.headers


def test_gzip_level_0_switches_it_off(app, client, auth, database):
    from app import create_app

    off = create_app({**app.config, "GZIP_LEVEL": 0}).test_client()
    assert "Content-Encoding" not in off.get("/login", headers={"Accept-Encoding": "gzip"}).headers
    assert client.get("/login", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
