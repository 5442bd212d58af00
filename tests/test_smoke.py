def test_app_starts_with_default_data(client):
    from models import GroupType, Status

    assert [s.name for s in Status.select().order_by(Status.position)] == [
        "komend",
        "huidig",
        "uitgelicht",
        "oefenen",
        "behaald",
    ]
    assert GroupType.get(name="Parnassys-groep").las_managed


def test_the_health_endpoint_answers_without_a_session(client):
    answer = client.get("/health")
    assert answer.status_code == 200 and answer.get_data(as_text=True) == "ok"
    assert "Set-Cookie" not in answer.headers
