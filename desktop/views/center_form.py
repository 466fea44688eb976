"""The center's profile form, used by the set-up wizard and the settings screen."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.core.center import CenterProfile
from desktop.core.i18n import _
from desktop.core.store.models import Center
from desktop.views.kit.inline_errors import InlineErrors
from desktop.views.kit.ui_types import CenterFormWidgets
from desktop.views.kit.uiloader import load_ui

LOGO_MAX_SIDE = 512


def logo_png(path: str) -> bytes | None:
    """Return the image file at ``path`` as PNG, at most 512 pixels a side; None if unreadable."""
    image = QImage(path)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > LOGO_MAX_SIDE:
        image = image.scaled(
            LOGO_MAX_SIDE,
            LOGO_MAX_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return bytes(data.data())


class CenterForm(QWidget, CenterFormWidgets):
    """Name, address, phone, form header and logo of the center."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("center_form", self)
        self.logo_data: bytes | None = None
        self.errors = InlineErrors(
            self,
            {
                "name": "name",
                "address": "address",
                "phone": "phone",
                "form_header": "formHeader",
                "logo": "logoPreview",
            },
        )
        self.chooseLogo.clicked.connect(self._choose_logo)
        self.removeLogo.clicked.connect(lambda: self._set_logo(None))
        self._set_logo(None)

    def profile(self) -> CenterProfile:
        """Return what the form holds."""
        return CenterProfile(
            name=self.name.text(),
            address=self.address.text(),
            phone=self.phone.text(),
            form_header=self.formHeader.text(),
            logo=self.logo_data,
        )

    def set_center(self, center: Center) -> None:
        """Fill the form from the stored profile."""
        self.name.setText(center.name)
        self.address.setText(center.address)
        self.phone.setText(center.phone)
        self.formHeader.setText(center.form_header)
        self._set_logo(center.logo)

    def set_read_only(self, read_only: bool) -> None:
        """Lock the fields for staff who may not change the profile."""
        for edit in (self.name, self.address, self.phone, self.formHeader):
            edit.setReadOnly(read_only)
        self.chooseLogo.setVisible(not read_only)
        self.removeLogo.setVisible(not read_only)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the center's logo"), "", _("Images (*.png *.jpg *.jpeg *.bmp)")
        )
        if not path:
            return
        data = logo_png(path)
        if data is None:
            self.errors.show("logo", _("This file is not an image Homeward can read."))
            return
        self.errors.clear()
        self._set_logo(data)

    def _set_logo(self, data: bytes | None) -> None:
        self.logo_data = data
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logoPreview.setPixmap(
                pixmap.scaled(
                    64,
                    64,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logoPreview.clear()
        self.removeLogo.setEnabled(data is not None)
