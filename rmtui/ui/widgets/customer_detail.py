"""One customer in full: contact, hours, tier, cadence, open items, history."""

from __future__ import annotations

from rich.markup import escape
from textual.containers import VerticalScroll
from textual.widgets import Static

from rmtui.services.customers import CustomerDetail
from rmtui.textfmt import display_width, pad


class CustomerDetailView(VerticalScroll):
    """Shows a ``CustomerDetail``; ``show(None)`` clears it."""

    DEFAULT_CSS = """
    CustomerDetailView { padding: 0 1; }
    CustomerDetailView #detail { width: 100%; }
    """

    _shown: tuple[CustomerDetail | None, str] | None = None  # what is on the screen, in which language

    def compose(self):
        yield Static(id="detail")

    def show(self, detail: CustomerDetail | None) -> None:
        shown = (detail, self.app.locale)
        if shown == self._shown:  # as it is on the screen: nothing to lay out or draw again
            return
        self._shown = shown
        body = self.query_one("#detail", Static)
        if detail is None:
            body.update("")
            return
        app = self.app
        t, locale = app.t, app.locale
        c = detail.info
        tier = app.workspace.tiers.get(c.tier)
        lines = [f"[b]{escape(c.name)}[/b]  [dim]{escape(c.code)}[/dim]", ""]

        labels = [t(k) for k in ("customer.tier", "customer.address", "customer.contact", "customer.hours",
                                 "customer.location", "customer.territory", "customer.due", "customer.notes")]
        width = max(display_width(x) for x in labels)

        def field(label: str, value: str) -> None:
            lines.append(f"[dim]{pad(label, width)}[/dim] {value}")

        field(t("customer.tier"), escape(tier.name(locale) if tier else c.tier))
        field(t("customer.address"), escape(c.address or "-"))
        field(t("customer.contact"), escape(f"{c.contact} {c.phone}".strip() or "-"))
        field(t("customer.hours"), escape(c.opening_hours or t("customer.hours_any")))
        if c.lat is None or c.lon is None:
            where = f"[red]{t('customer.location_none')}[/red]"
        elif c.geo_quality != "exact":
            where = f"[yellow]{t('customer.location_approx')}[/yellow]"
        else:
            where = f"{c.lat:.5f}, {c.lon:.5f}"
        field(t("customer.location"), where)
        if c.territory:
            field(t("customer.territory"), escape(c.territory))
        if detail.cadence is not None:
            cad = detail.cadence
            if c.last_visit is None:
                due = f"[yellow]{t('customer.due_never')}[/yellow]"
            elif cad.overdue_days:
                due = f"{cad.due_date.isoformat()} [red]{t('customer.overdue', days=cad.overdue_days)}[/red]"
            else:
                days = (cad.due_date - app.workspace.today()).days
                when = t("customer.due_today") if days == 0 else t("customer.due_in", days=days)
                due = f"{cad.due_date.isoformat()} ({when})"
            field(t("customer.due"), due)
        if c.notes:
            field(t("customer.notes"), escape(c.notes))
        if detail.followups:
            lines += ["", f"[b]{t('customer.followups')}[/b]"]
            now = app.workspace.now()
            for f in detail.followups:
                style = "red" if f.overdue(now) else "yellow"
                lines.append(f"  [{style}]{f.due_at:%m-%d %H:%M}[/{style}] {escape(f.title)}")
        lines += ["", f"[b]{t('customer.history')}[/b]"]
        if not detail.history:
            lines.append(f"  [dim]{t('customer.no_history')}[/dim]")
        for v in detail.history:
            mode = t(f"mode.{v.mode}")
            outcome = t(f"outcome.{v.outcome}") if v.outcome else ""
            text = v.purpose or v.discussed
            lines.append(f"  {v.day.isoformat()} {mode} {escape(outcome)}  [dim]{escape(text[:40])}[/dim]")
        body.update("\n".join(lines))
        self.scroll_home(animate=False)
