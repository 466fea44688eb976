"""The printable forms: key, Chinese title, English description, builder.

Light to import (no ReportLab, no database): the command line lists the forms
in its help from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _

if TYPE_CHECKING:
    from desktop.core.forms.data import CaseData


@dataclass(frozen=True)
class FormSpec:
    """A printable form. ``description`` is an English source string: show it with ``_()``."""

    key: str
    title: str
    description: str
    module: str
    #: Whether the form is about a return-home plan (the child's newest unless one is named).
    plan: bool = False

    @property
    def build(self) -> Callable[[CaseData], bytes]:
        """The builder: ``CaseData`` in, PDF bytes out (imported on first use)."""
        builder: Callable[[CaseData], bytes] = import_module(self.module).build
        return builder


FORMS: dict[str, FormSpec] = {
    spec.key: spec
    for spec in (
        FormSpec(
            "intake",
            "入站登记表",
            N_("Intake registration: the child, the arrival, the intake check, signatures"),
            "desktop.core.forms.intake_form",
        ),
        FormSpec(
            "belongings",
            "随身物品登记表",
            N_("Belongings deposited and returned, with signatures"),
            "desktop.core.forms.belongings_form",
        ),
        FormSpec(
            "notice",
            "寻亲公告",
            N_("Family-search notice with the photo, for posting and publishing"),
            "desktop.core.forms.notice_form",
        ),
        FormSpec(
            "stay",
            "在站服务及离站登记表",
            N_("The stay: placements, services and notes, and how the child left, with signatures"),
            "desktop.core.forms.stay_form",
        ),
        FormSpec(
            "statement",
            "自行离站声明书",
            N_("Statement of a child of 16 or over leaving the center alone, to sign"),
            "desktop.core.forms.statement_form",
        ),
        FormSpec(
            "walkout",
            "擅自离站情况记录",
            N_("Written record of a child who left without being discharged, to sign"),
            "desktop.core.forms.walkout_form",
        ),
        FormSpec(
            "ending",
            "终止救助通知书",
            N_("Notice that the center ends its assistance, with its seal"),
            "desktop.core.forms.ending_form",
        ),
        FormSpec(
            "collection",
            "接领交接单",
            N_(
                "Handover to the family who collect the child: the collector's ID checked "
                "and a copy kept, the belongings, signatures and the seal"
            ),
            "desktop.core.forms.collection_form",
            plan=True,
        ),
        FormSpec(
            "escort",
            "护送返乡交接单",
            N_(
                "Handover of a child escorted home to the receiving unit: the escorts, "
                "the journey, signatures and both units' seals"
            ),
            "desktop.core.forms.escort_form",
            plan=True,
        ),
        FormSpec(
            "visit",
            "回访记录表",
            N_(
                "A follow-up visit after the return home: what was found, the child's "
                "situation, the risk, signed by the visitor"
            ),
            "desktop.core.forms.visit_form",
            plan=True,
        ),
    )
}


def form_spec(form: str) -> FormSpec:
    """Return the form called ``form``, or raise ``ValidationError`` naming the known ones."""
    try:
        return FORMS[form]
    except KeyError:
        raise ValidationError(
            _("There is no form {form}; choose one of: {forms}.").format(
                form=form, forms=", ".join(FORMS)
            ),
            field="form",
        ) from None
