"""Start screens: first-run setup, the recovery key shown once, login, lock, damaged database.

They only collect input and show results; :class:`~desktop_app.ui.windows.app_window.AppWindow`
runs the slow parts (Argon2 key derivation, opening the database) on a worker thread.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.ui.theme import ERROR_TEXT

translate = QCoreApplication.translate


def _card(title: str, subtitle: str = "") -> tuple[QWidget, QVBoxLayout, QLabel]:
    """A centred card with a title, used by every start screen."""
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    card = QFrame()
    card.setObjectName("card")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setMinimumWidth(460)
    card.setMaximumWidth(620)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(28, 24, 28, 24)
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    heading.setWordWrap(True)
    layout.addWidget(heading)
    sub = QLabel(subtitle)
    sub.setWordWrap(True)
    layout.addWidget(sub)
    row.addWidget(card)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return page, layout, sub


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("formError")
    label.setStyleSheet(f"color: {ERROR_TEXT};")
    label.setWordWrap(True)
    return label


class SetupPage(QWidget):
    """First run: the clinic's name and its administrator."""

    submitted = Signal(str, str, str, str)  # clinic, username, display name, password

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page, layout, _ = _card(
            translate("Start", "Welcome to %1").replace("%1", APP_NAME),
            translate(
                "Start",
                "First-time setup: name the clinic and create the administrator account. "
                "Patient data stays encrypted on this computer.",
            ),
        )
        form = QFormLayout()
        self.clinic = QLineEdit()
        self.username = QLineEdit()
        self.username.setPlaceholderText(translate("Start", "e.g. admin"))
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(translate("Start", "Clinic name"), self.clinic)
        form.addRow(translate("Start", "Administrator user name"), self.username)
        form.addRow(translate("Start", "Full name"), self.display_name)
        form.addRow(translate("Start", "Password (8 characters or more)"), self.password)
        form.addRow(translate("Start", "Repeat the password"), self.repeat)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.create_button = QPushButton(translate("Start", "Create the clinic"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        QVBoxLayout(self).addWidget(page)

    def _submit(self) -> None:
        if not self.clinic.text().strip():
            self.show_error(translate("Start", "Enter the clinic's name."))
            self.clinic.setFocus()
            return
        if self.password.text() != self.repeat.text():
            self.show_error(translate("Start", "The two passwords are not the same."))
            self.repeat.setFocus()
            return
        self.error.clear()
        self.submitted.emit(
            self.clinic.text().strip(), self.username.text().strip(), self.display_name.text().strip(),
            self.password.text(),
        )  # fmt: skip

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; it must be printed or saved before going on."""

    def __init__(self, recovery_key: str, clinic_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.clinic_name = clinic_name
        self.setWindowTitle(translate("Start", "Recovery key"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate(
                "Start",
                "This key unlocks the clinic's data if every password is forgotten. It is shown only "
                "now: print it or save it to a USB stick, and keep it locked away.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        key = QLabel(recovery_key)
        key.setObjectName("recoveryKey")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 1.4)
        mono.setWeight(QFont.Weight.Bold)
        key.setFont(mono)
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setWordWrap(True)
        key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(key)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(translate("Start", "Print…"))
        self.save_button = QPushButton(translate("Start", "Save to a file…"))
        self.print_button.clicked.connect(self.print_key)
        self.save_button.clicked.connect(self.save_key_dialog)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.confirm = QCheckBox(translate("Start", "I have printed or saved the recovery key"))
        layout.addWidget(self.confirm)
        self.status = QLabel()
        layout.addWidget(self.status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(translate("Start", "Continue"))
        self.ok_button.setEnabled(False)
        self.confirm.toggled.connect(self.ok_button.setEnabled)
        box.accepted.connect(self.accept)
        layout.addWidget(box)

    def key_document(self) -> str:
        return (
            translate("Start", "%1 recovery key for %2:\n\n%3\n\nKeep this sheet locked away.\n")
            .replace("%1", APP_NAME)
            .replace("%2", self.clinic_name)
            .replace("%3", self.recovery_key)
        )

    def save_key(self, path: Path) -> None:
        path.write_text(self.key_document(), encoding="utf-8")
        self.status.setText(translate("Start", "Saved to %1").replace("%1", str(path)))

    def save_key_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, translate("Start", "Save the recovery key"), "scorad-desk-recovery-key.txt"
        )
        if name:
            self.save_key(Path(name))

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # printing support loads only when asked

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            document = QTextDocument(self.key_document())
            document.print_(printer)
            self.status.setText(translate("Start", "Sent to the printer."))


class LoginPage(QWidget):
    submitted = Signal(str, str)
    recovery_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page, layout, self.subtitle = _card(translate("Start", "Log in"))
        form = QFormLayout()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(translate("Start", "User name"), self.username)
        form.addRow(translate("Start", "Password"), self.password)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        layout.addWidget(self.hint)
        self.error = _error_label()
        layout.addWidget(self.error)
        self.login_button = QPushButton(translate("Start", "Log in"))
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.forgot_button = QPushButton(translate("Start", "Forgot the password? Use the recovery key…"))
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.recovery_requested)
        row = QHBoxLayout()
        row.addWidget(self.forgot_button)
        row.addStretch(1)
        row.addWidget(self.login_button)
        layout.addLayout(row)
        QVBoxLayout(self).addWidget(page)

    def prepare(self, clinic_name: str, username: str = "", hint: str = "") -> None:
        self.subtitle.setText(clinic_name)
        self.username.setText(username)
        self.password.clear()
        self.error.clear()
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        (self.password if username else self.username).setFocus()

    def _submit(self) -> None:
        self.error.clear()
        self.submitted.emit(self.username.text().strip(), self.password.text())

    def show_notice(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(True)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.password.clear()
        self.password.setFocus()


class RecoveryLoginDialog(QDialog):
    """Forgotten password: the recovery key printed at setup, the user, and a new password."""

    submitted = Signal(str, str, str)  # key, user, new password

    def __init__(self, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Start", "Use the recovery key"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate(
                "Start",
                "Type the recovery key printed when the clinic was set up, the user name, and a new "
                "password for that user.",
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.key = QLineEdit()
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(translate("Start", "Recovery key"), self.key)
        form.addRow(translate("Start", "User name"), self.username)
        form.addRow(translate("Start", "New password"), self.password)
        form.addRow(translate("Start", "Repeat the password"), self.repeat)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(translate("Start", "Set the new password and log in"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(translate("Start", "Cancel"))
        box.accepted.connect(self._submit)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def _submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(translate("Start", "The two passwords are not the same."))
            return
        self.error.clear()
        self.submitted.emit(self.key.text().strip(), self.username.text().strip(), self.password.text())

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class LockPage(QWidget):
    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page, layout, self.subtitle = _card(translate("Start", "Locked"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(translate("Start", "Password"))
        form = QFormLayout()
        form.addRow(translate("Start", "Password"), self.password)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.switch_button = QPushButton(translate("Start", "Switch user"))
        self.unlock_button = QPushButton(translate("Start", "Unlock"))
        self.unlock_button.setDefault(True)
        row.addWidget(self.switch_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.unlock_button.clicked.connect(lambda: self.unlock_requested.emit(self.password.text()))
        self.password.returnPressed.connect(lambda: self.unlock_requested.emit(self.password.text()))
        self.switch_button.clicked.connect(self.switch_user_requested)
        QVBoxLayout(self).addWidget(page)

    def prepare(self, user_label: str) -> None:
        self.subtitle.setText(
            translate(
                "Start", "The session of %1 is locked to protect patient data. Enter the password to go on."
            ).replace("%1", user_label)
        )
        self.password.clear()
        self.error.clear()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.password.clear()


class RecoveryPage(QWidget):
    """The damaged-database screen: what happened, and restore from a backup."""

    restore_requested = Signal(str, str, str)  # backup folder, user, password
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        page, layout, self.message = _card(translate("Start", "The clinic data cannot be opened"))
        explain = QLabel(
            translate(
                "Start",
                "Nothing has been changed or deleted. An administrator can restore the latest backup: "
                "choose the backup folder, then log in with an administrator account of that backup.",
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        browse = QPushButton(translate("Start", "Choose…"))
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(translate("Start", "Backup folder"), folder_row)
        form.addRow(translate("Start", "Administrator"), self.username)
        form.addRow(translate("Start", "Password"), self.password)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        quit_button = QPushButton(translate("Start", "Quit"))
        self.restore_button = QPushButton(translate("Start", "Restore from backup"))
        row.addWidget(quit_button)
        row.addStretch(1)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        quit_button.clicked.connect(self.quit_requested)
        self.restore_button.clicked.connect(
            lambda: self.restore_requested.emit(
                self.folder.text(), self.username.text(), self.password.text()
            )
        )
        QVBoxLayout(self).addWidget(page)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, translate("Start", "Choose the backup folder"))
        if folder:
            self.folder.setText(folder)

    def prepare(self, problem: str, data_dir: Path) -> None:
        self.message.setText(
            problem + "\n" + translate("Start", "Data folder: %1").replace("%1", str(data_dir))
        )
        self.error.clear()

    def show_error(self, text: str) -> None:
        self.error.setText(text)


def _fill(text: str, *values: str) -> str:
    """``%1``, ``%2``… replaced in one pass (a clinic called "%2" stays as typed)."""
    return re.sub(r"%(\d)", lambda m: values[int(m.group(1)) - 1], text)


class OtherClinicRestoreDialog(QMessageBox):
    """Asked before a backup of another installation (another clinic) replaces this clinic's
    data. "Cancel" is the default and the Escape button; only "Restore this backup" confirms."""

    confirmed = Signal()
    declined = Signal()

    def __init__(
        self, backup_clinic: str, current_clinic: str, data_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setTextFormat(Qt.TextFormat.PlainText)  # clinic names are shown as typed
        self.setWindowTitle(translate("Start", "Backup of another clinic"))
        self.setText(
            _fill(
                translate("Start", "This backup belongs to another clinic: “%1”, not to this clinic “%2”."),
                backup_clinic,
                current_clinic,
            )
        )
        self.setInformativeText(
            _fill(
                translate(
                    "Start",
                    "Restoring it replaces the patients, visits and photos of “%2” on this computer with "
                    "those of “%1”; afterwards only the accounts of “%1” can log in.\n\n"
                    "The current data of “%2” is not deleted: it is kept aside in the folder "
                    "“%3.before-restore-…”.\n\n"
                    "Restore only if this computer should now hold the clinic “%1”.",
                ),
                backup_clinic,
                current_clinic,
                str(data_dir),
            )
        )
        self.restore_button = self.addButton(
            translate("Start", "Restore this backup"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.cancel_button = self.addButton(translate("Start", "Cancel"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self.finished.connect(self._answered)

    def _answered(self, _result: int) -> None:
        if self.clickedButton() is self.restore_button:
            self.confirmed.emit()
        else:  # Cancel, Escape, Enter on the default button or the window closed
            self.declined.emit()
