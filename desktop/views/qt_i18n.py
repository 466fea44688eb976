"""Qt's side of the one translation system.

``GettextTranslator`` answers Qt's translate calls for the program's own forms
(the strings of the ``.ui`` files, retranslated by QUiLoader on a language
change; their context is the form's class name) from the gettext catalogs; Qt's
own ``qtbase_<lang>.qm`` translates Qt's dialogs and buttons. The program's
catalog never answers Qt's contexts: its "Name" is a child's 姓名, a file
dialog's is 名称.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.core import i18n

#: Translation contexts of the program's forms (the ``<class>`` of each loaded .ui file).
FORM_CONTEXTS: set[str] = set()


def register_form_context(name: str) -> None:
    """Let the gettext catalog translate the strings of the form class ``name``."""
    FORM_CONTEXTS.add(name)


class GettextTranslator(QTranslator):
    """A QTranslator backed by the gettext catalog, for the program's forms only."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if not source or context not in FORM_CONTEXTS:
            return None
        # A .ui string's comment (Designer's disambiguation) is its gettext context.
        result = i18n.pgettext(disambiguation, source) if disambiguation else i18n._(source)
        # None (a null QString) lets Qt ask the next translator, then use the source.
        return result if result != source else None

    def isEmpty(self) -> bool:
        return False


class Translators:
    """The translators installed in the application, switched together."""

    def __init__(self) -> None:
        self.gettext = GettextTranslator()
        self.qt = QTranslator()
        self._qt_loaded = False

    def install(self, language: str) -> None:
        """Use ``language`` for gettext and Qt; widgets get a LanguageChange event.

        An empty or unknown ``language`` (none saved yet) means the system's.
        """
        app = QCoreApplication.instance()
        assert app is not None
        language = i18n.set_language(language)
        QLocale.setDefault(QLocale(language))
        app.removeTranslator(self.gettext)
        if self._qt_loaded:
            app.removeTranslator(self.qt)
            self._qt_loaded = False
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language != i18n.ENGLISH and self.qt.load(f"qtbase_{language}", folder):
            app.installTranslator(self.qt)
            self._qt_loaded = True
        app.installTranslator(self.gettext)
