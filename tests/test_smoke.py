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
