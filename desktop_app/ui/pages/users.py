"""Accounts (administrators): the clinic's users, add a clinician or administrator, disable one.

Each user's password wraps the clinic's data key (the storage service does it); the GUI only
collects the fields and shows the service's errors beside the form.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.storage import Role, Session, StorageError, User
from desktop_app.ui.errors import error_text
from desktop_app.ui.theme import ERROR_TEXT

translate = QCoreApplication.translate


def role_label(role: Role) -> str:
    return translate("Users", "administrator") if role is Role.ADMIN else translate("Users", "clinician")


class AddUserDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.created: User | None = None
        self.setWindowTitle(translate("Users", "Add a user"))
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setPlaceholderText(translate("Users", "lower case, e.g. jdupont"))
        self.display_name = QLineEdit()
        self.role = QComboBox()
        self.role.addItem(role_label(Role.CLINICIAN), Role.CLINICIAN.value)
        self.role.addItem(role_label(Role.ADMIN), Role.ADMIN.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(translate("Users", "User name"), self.username)
        form.addRow(translate("Users", "Full name"), self.display_name)
        form.addRow(translate("Users", "Role"), self.role)
        form.addRow(translate("Users", "Password (8 characters or more)"), self.password)
        form.addRow(translate("Users", "Repeat the password"), self.repeat)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {ERROR_TEXT};")
        self.error.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(translate("Users", "Add"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(translate("Users", "Cancel"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def save(self) -> None:
        if self.password.text() != self.repeat.text():
            self.error.setText(translate("Users", "The two passwords are not the same."))
            return
        try:
            self.created = self.session.add_user(
                self.username.text().strip(),
                self.password.text(),
                Role(self.role.currentData()),
                self.display_name.text().strip(),
            )
        except StorageError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()


class UsersBox(QGroupBox):
    """The list of accounts with Add and Disable (shown to administrators only)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(translate("Users", "Users"), parent)
        self.session = session
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [translate("Users", "User name"), translate("Users", "Full name"), translate("Users", "Role")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton(translate("Users", "Add a user…"))
        self.disable_button = QPushButton(translate("Users", "Disable the selected user"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button.clicked.connect(self.add_user)
        self.disable_button.clicked.connect(self.disable_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.disable_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        try:
            users = [u for u in self.session.list_users() if u.active]
        except StorageError as exc:
            self.message.setText(error_text(exc))
            return
        self.users = users
        self.table.setRowCount(len(users))
        for i, user in enumerate(users):
            for col, text in enumerate((user.username, user.display_name, role_label(user.role))):
                self.table.setItem(i, col, QTableWidgetItem(text))

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self.session, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def disable_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        user = self.users[rows[0].row()]
        answer = QMessageBox.question(
            self,
            translate("Users", "Disable user"),
            translate("Users", "Disable %1? They will no longer be able to log in.").replace(
                "%1", user.username
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.session.disable_user(user.username)
        except StorageError as exc:
            self.message.setText(error_text(exc))
            return False
        self.refresh()
        return True
