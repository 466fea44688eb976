"""The look: Fusion, one accent colour, the system font with a CJK fallback."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QStyleFactory, QWidget

ACCENT = "#2b5f8a"
ERROR = "#b3261e"
WARNING = "#8a5a00"
HINT = "#5f6b76"

# Families tried in turn for characters the system font lacks (Chinese on English systems).
CJK_FALLBACKS = ["Microsoft YaHei UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC"]

STYLESHEET = f"""
QLabel[role="error"] {{ color: {ERROR}; }}
QLabel[role="warning"] {{ color: {WARNING}; }}
QLabel[role="hint"] {{ color: {HINT}; }}
QLabel[role="pageTitle"] {{ font-size: 17pt; font-weight: 600; }}
QLabel[role="cardTitle"] {{ color: {HINT}; font-weight: 600; }}
QLabel[role="cardValue"] {{ font-size: 14pt; }}
QLabel#centerName {{ font-size: 15pt; font-weight: 600; }}
QFrame[role="card"] {{ background: palette(base); border: 1px solid #d5dbe1; border-radius: 6px; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"] {{
    border: 1px solid {ERROR}; border-radius: 3px; padding: 2px; }}
QListWidget#navigation {{ background: #eef2f5; padding-top: 8px; outline: 0; }}
QListWidget#navigation::item {{ padding: 8px 12px; border-radius: 4px; margin: 1px 6px; }}
QListWidget#navigation::item:selected {{ background: #d3e1ec; color: {ACCENT}; font-weight: 600; }}
QListWidget#navigation::item:hover:!selected {{ background: #e2e9ef; }}
QWidget#lockCover {{ background: #e8edf1; }}
"""


def apply_style(app: QApplication) -> None:
    """Give the application its style, palette, font and style sheet (once)."""
    if app.property("homewardStyled"):
        return
    app.setProperty("homewardStyled", True)
    style = app.style()
    if style.name().lower() != "fusion":
        style = QStyleFactory.create("Fusion")
        app.setStyle(style)
    palette = style.standardPalette()
    accent = QColor(ACCENT)
    palette.setColor(QPalette.ColorRole.Highlight, accent)
    palette.setColor(QPalette.ColorRole.Link, accent)
    app.setPalette(palette)
    font = QFont(app.font())
    font.setFamilies([font.family(), *CJK_FALLBACKS])
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property used by it has changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def say_done(widget: QWidget, message: str) -> None:
    """Say quietly in the main window's status bar that something is done."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 5000)
