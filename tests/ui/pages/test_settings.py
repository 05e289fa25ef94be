from pytestqt.qtbot import QtBot

from desktop_app.domain.severity import BandSet
from desktop_app.ui.pages.settings import SettingsPage
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from tests.ui.conftest import ADMIN, PASSWORD


def test_settings_round_trip_through_the_service(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    page = SettingsPage(session)
    qtbot.addWidget(page)
    assert page.clinic_name.text() == "Clinique du Parc"
    page.band_set.setCurrentIndex(page.band_set.findData(BandSet.CHOPRA2017.value))
    page.idle_minutes.setValue(3)
    page.camera_device.setCurrentIndex(page.camera_device.findData("dermatoscope"))
    page.camera_resolution.setCurrentIndex(page.camera_resolution.findData("1920x1080"))
    with qtbot.waitSignal(page.settings_saved):
        assert page.save()
    settings = session.settings()
    assert settings.band_set == "chopra2017"
    assert settings.idle_lock_minutes == 3
    assert dict(settings.camera_defaults) == {"device": "dermatoscope", "index": 0, "resolution": "1920x1080"}
    again = SettingsPage(session)
    qtbot.addWidget(again)
    assert again.camera_device.currentData() == "dermatoscope"
    assert again.idle_minutes.value() == 3
    session.close()


def test_a_refused_setting_is_shown_not_swallowed(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    page = SettingsPage(session)
    qtbot.addWidget(page)
    page.clinic_name.setText("")
    assert not page.save()
    assert page.message.text() != "" and "saved" not in page.message.text()
    session.close()


def test_band_set_change_redraws_the_open_history(qtbot: QtBot, clinic_ready: ClinicGateway) -> None:
    from desktop_app.ui.windows.workspace import Workspace

    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    patient = session.add_patient("S-1", "Lucas", "Simon", "1988-08-08")
    workspace = Workspace(session)
    qtbot.addWidget(workspace)
    workspace.open_history(patient.id)
    assert workspace.history.chart.data.band_set is BandSet.CLASSIC
    settings = workspace.settings
    settings.band_set.setCurrentIndex(settings.band_set.findData("chopra2017"))
    settings.clinic_name.setText("Clinique des Lilas")
    assert settings.save()
    assert workspace.history.chart.data.band_set is BandSet.CHOPRA2017
    assert "Clinique des Lilas" in workspace.user_label.text()
    session.close()


def test_refit_forecast_needs_history_then_stores_the_clinic_parameters(
    qtbot: QtBot, clinic_ready: ClinicGateway
) -> None:
    from datetime import date, timedelta

    from desktop_app.domain.scorad import Sign
    from desktop_app.forecast.clinic import MIN_FIT_PATIENTS

    session = clinic_ready.clinic().login(ADMIN, PASSWORD)
    page = SettingsPage(session)
    qtbot.addWidget(page)
    assert "default parameters" in page.forecast_status.text()
    page.refit_button.click()
    qtbot.waitUntil(lambda: not page.refit_pending, timeout=20_000)
    assert "Not enough history" in page.message.text()
    assert dict(session.settings().forecast_parameters) == {}

    for p in range(MIN_FIT_PATIENTS):
        patient = session.add_patient(f"F-{p}", "Sam", f"Lee{p}", "2001-02-03")
        for v in range(3):
            visit = session.add_visit(patient.id, date(2024, 1, 1) + timedelta(days=40 * v + p))
            session.record_scorad(visit.id, {"back": 0.2 + 0.1 * v}, {s.value: 1 + v % 2 for s in Sign}, 3, 1)
    page.refit_button.click()
    qtbot.waitUntil(lambda: not page.refit_pending, timeout=20_000)
    assert "refitted" in page.message.text()
    stored = session.settings().forecast_parameters
    assert (
        stored["fitted_patients"] == MIN_FIT_PATIENTS and stored["fitted_assessments"] == 3 * MIN_FIT_PATIENTS
    )
    assert f"fitted on {MIN_FIT_PATIENTS} patients" in page.forecast_status.text()
    session.close()
