"""Stop the stage with Ctrl+C, start it again: the threads, messages and clock are still there."""
from tests.blackbox.stage import LocalStage


def test_data_survives_a_restart(tmp_path):
    stage = LocalStage(tmp_path / "data")
    try:
        _stop_and_restart(stage)
    finally:
        stage.stop_leftovers()


def _stop_and_restart(stage: LocalStage) -> None:
    stage.start()
    try:
        stage.text("Je reviens après le redémarrage", sender="+33677778888")
        stage.call("POST", "/sandbox/clock", {"advance_seconds": 3600})
        clock_before = stage.call("GET", "/sandbox/clock").json()["now"]
        token = stage.login()
        before = stage.call("GET", "/v1/threads", token=token).json()["items"]
    finally:
        assert stage.stop() == 0
    stage.start()
    try:
        token = stage.login()
        after = stage.call("GET", "/v1/threads", token=token).json()["items"]
        assert [t["id"] for t in after] == [t["id"] for t in before]
        messages = stage.call("GET", f"/v1/threads/{after[0]['id']}/messages", token=token).json()["items"]
        assert messages[0]["text"] == "Je reviens après le redémarrage"
        assert stage.call("GET", "/sandbox/clock").json()["now"] >= clock_before
        # The stage keeps working after a restart: nothing processed before is processed again, new texts flow.
        stage.text("Et encore un", sender="+33677778888")
        again = stage.call("GET", f"/v1/threads/{after[0]['id']}/messages", token=token).json()["items"]
        assert [m["text"] for m in again][:2] == ["Et encore un", "Je reviens après le redémarrage"]
    finally:
        assert stage.stop() == 0
