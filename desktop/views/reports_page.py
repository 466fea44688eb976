"""The Reports area: the ledger out and in; the statistics of a period."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.core.i18n import _
from desktop.core.staff.permissions import Permission
from desktop.views.context import SessionContext
from desktop.views.export_action import export_children
from desktop.views.import_dialog import ImportDialog
from desktop.views.kit.ui_types import ReportsPageWidgets
from desktop.views.kit.uiloader import icon, load_ui


class ReportsPage(QWidget, ReportsPageWidgets):
    """Export and import of the ledger; statistics of a month, quarter or year."""

    def __init__(self, context: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        load_ui("reports_page", self)
        self.context = context
        self.exportAll.setIcon(icon("export"))
        self.importLedger.setIcon(icon("import"))
        self.exportAll.setVisible(context.can(Permission.EXPORT))
        self.importLedger.setVisible(context.can(Permission.IMPORT))
        self.exportAll.clicked.connect(self.export_all)
        self.importLedger.clicked.connect(self.import_ledger)

    def export_all(self) -> None:
        """Write every child to a file the user chooses."""
        export_children(self, self.context, _("Export all children"))

    def import_ledger(self) -> ImportDialog:
        """Open the import dialog (and its file chooser)."""
        dialog = ImportDialog(self.context, self)
        dialog.show()
        return dialog
