"""Customers that need a confirmed location: find them from their addresses,
or set one by hand.

The run (``geocode_book``) goes in a thread worker and reports each customer
as it is done: a progress bar and one log line per customer. Stopping (``s``
or escape) lets the address being looked up finish and stops before the
next; every answer is saved as it comes, so pressing ``g`` again goes on
where it stopped. When the service cannot be reached the run ends with a
clear message and nothing is guessed. ``m`` places the selected customer
from pasted ``lat,lon`` or a map link.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, ProgressBar, RichLog, Static
from textual.worker import get_current_worker

from rmtui.errors import UserError
from rmtui.geo.customer_locations import NeedsLocation
from rmtui.geo.geocoder import Geocoder, GeocoderRefused, GeocoderUnreachable
from rmtui.geo.runner import CustomerDone, RunEvent, RunFinished, RunStarted, geocode_book
from rmtui.services.customer_location import PlacedCustomer, locations_needed
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter

# The geo layer explains in English; in Chinese the kind of reason is shown (the detail is in the CLI).
_REASON_KINDS = (
    ("outside the service area", "outside"),
    ("found only a", "centroid"),
    ("no address", "no_address"),
    ("not looked up yet", "not_looked_up"),
    ("knows no such address", "not_found"),
    ("approximate", "approximate"),
)


class GeocodeScreen(Screen[None]):
    """Find customers' locations; never place one from a guess."""

    DEFAULT_CSS = """
    GeocodeScreen #summary { height: auto; padding: 0 1; }
    GeocodeScreen #body { height: 1fr; }
    GeocodeScreen #pending { width: 1fr; height: 1fr; }
    GeocodeScreen #side { width: 42; border-left: solid $primary; }
    GeocodeScreen #log-title { text-style: bold; color: $accent; padding: 0 1; }
    GeocodeScreen RichLog { height: 1fr; padding: 0 1; }
    GeocodeScreen #progress-row { height: 1; }
    GeocodeScreen #progress { width: 50; padding: 0 1; display: none; }
    GeocodeScreen.-started #progress { display: block; }
    GeocodeScreen #status { width: 1fr; height: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("g", "run", "Find locations", id="geocode_run"),
        Binding("s", "stop", "Stop", id="geocode_stop"),
        Binding("m", "manual", "Set by hand", id="geocode_manual"),
        Binding("escape", "stop_or_back", "Back", id="back"),
    ]

    def __init__(self, geocoder: Geocoder | None = None) -> None:
        super().__init__()
        self.geocoder = geocoder
        """The geocoder to use; by default the app's (``app.geocoder``) or the configured one."""
        self.needing: list[NeedsLocation] = []
        self.running = False
        self.log_lines: list[str] = []
        """Every line written to the progress log, in order."""
        self._stop = threading.Event()
        self._run_on_mount = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary", markup=False)
        with Horizontal(id="body"):
            yield DataTable(id="pending", cursor_type="row", zebra_stripes=True)
            with Vertical(id="side"):
                yield Label(id="log-title")
                yield RichLog(id="log", wrap=True, markup=False, highlight=False, min_width=20)
        with Horizontal(id="progress-row"):
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one(DataTable).focus()
        if self._run_on_mount:
            self._run_on_mount = False
            self.action_run()

    def start_run(self) -> None:
        """Begin a run as if ``g`` were pressed: now if the screen is shown, else as soon as it is."""
        if self.is_mounted:
            self.action_run()
        else:
            self._run_on_mount = True

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("geocode.title")
        self.query_one("#log-title", Label).update(t("geocode.log_title"))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, width in (("code", None), ("name", 14), ("status", 11), ("reason", 30), ("address", None)):
            table.add_column(t(f"geocode.col.{key}"), key=key, width=width)
        if not self.running:
            self.query_one("#status", Static).update(t("geocode.idle"))
        self.load()

    # -- the list -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="geocode-list", exit_on_error=False)
    def load(self) -> None:
        needing = locations_needed(self.app.workspace)
        self.app.call_from_thread(self._show, needing)

    def _reason(self, reason: str) -> str:
        if self.app.locale == "en":
            return reason
        for needle, kind in _REASON_KINDS:
            if needle in reason:
                return self.app.t(f"geocode.reason.{kind}")
        return reason

    def _show(self, needing: list[NeedsLocation]) -> None:
        t = self.app.t
        self.needing = needing
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for n in needing:
            status = Text(t(f"geocode.status.{n.quality}"), style="yellow" if n.quality == "approximate" else "red")
            table.add_row(n.code, Text(n.name, overflow="ellipsis", no_wrap=True), status,
                          Text(self._reason(n.reason)), Text(n.address, no_wrap=True),
                          key=n.code, height=None)
        if needing:
            table.move_cursor(row=min(keep, len(needing) - 1))
        summary = t("geocode.summary", count=len(needing), provider=self._provider_name()) if needing \
            else t("geocode.all_located")
        self.query_one("#summary", Static).update(summary)
        self.refresh_bindings()

    def _provider_name(self) -> str:
        geocoder = self.geocoder or getattr(self.app, "geocoder", None)
        return geocoder.provider if geocoder is not None else self.app.workspace.settings.geocoding.provider

    def _selected(self) -> NeedsLocation | None:
        row = self.query_one(DataTable).cursor_row
        return self.needing[row] if 0 <= row < len(self.needing) else None

    # -- the run --------------------------------------------------------------

    def action_run(self) -> None:
        if self.running:
            return
        self.running = True
        self._stop.clear()
        # Shown from the first run on: an idle bar with no total animates as if something were running.
        self.add_class("-started")
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.refresh_bindings()
        self.run_geocoding()

    @work(thread=True, exclusive=True, group="geocode", exit_on_error=False)
    def run_geocoding(self) -> None:
        worker = get_current_worker()
        ws = self.app.workspace
        try:
            geocoder = self.geocoder or getattr(self.app, "geocoder", None)
            if geocoder is None:
                from rmtui.geo.providers import make_geocoder

                geocoder = make_geocoder(ws.settings)
            for event in geocode_book(ws, geocoder, should_stop=lambda: self._stop.is_set() or worker.is_cancelled):
                self.app.call_from_thread(self._on_event, event)
        except UserError as exc:  # the geocoder cannot be made (a missing API key …)
            self.app.call_from_thread(self._failed, exc)

    def _on_event(self, event: RunEvent) -> None:
        if not self.is_attached:
            return  # the screen was closed: the run stops at the next customer (the worker is cancelled)
        t = self.app.t
        bar = self.query_one("#progress", ProgressBar)
        if isinstance(event, RunStarted):
            bar.update(total=max(event.total, 1), progress=0)
            self._write(t("geocode.started", provider=event.provider, to_look_up=event.to_look_up,
                          cached=event.cached, without=event.without_address))
            if not self._stop.is_set():
                self.query_one("#status", Static).update(f"0/{event.total}")
        elif isinstance(event, CustomerDone):
            bar.update(progress=event.index)
            self._write(self._log_line(event))
            if not self._stop.is_set():
                self.query_one("#status", Static).update(f"{event.index}/{event.total}")
            self._mark(event)
        elif isinstance(event, RunFinished):
            self._finished(event)

    def _write(self, line: str) -> None:
        self.log_lines.append(line)
        self.query_one(RichLog).write(line)

    def _log_line(self, e: CustomerDone) -> str:
        t = self.app.t
        head = f"[{e.index}/{e.total}] {e.code} {e.name}"
        cached = t("geocode.cached") if e.from_cache else ""
        if e.outcome == "exact":
            return t("geocode.log.exact", head=head, lat=f"{e.lat:.5f}", lon=f"{e.lon:.5f}", cached=cached)
        if e.outcome == "approximate":
            return t("geocode.log.approximate", head=head, reason=self._reason(e.reason), cached=cached)
        if e.outcome == "rejected":
            return t("geocode.log.rejected", head=head, reason=e.reason)
        return t("geocode.log.not_found", head=head, cached=cached)

    def _mark(self, e: CustomerDone) -> None:
        """Show a customer's new state in the list at once (the list is reloaded at the end)."""
        table = self.query_one(DataTable)
        if e.code not in {str(k.value) for k in table.rows}:
            return
        style = {"exact": "green", "approximate": "yellow"}.get(e.outcome, "red")
        quality = e.outcome if e.outcome in ("exact", "approximate") else "none"
        table.update_cell(e.code, "status", Text(self.app.t(f"geocode.status.{quality}"), style=style))

    def _finished(self, event: RunFinished) -> None:
        t = self.app.t
        self.running = False
        status = self.query_one("#status", Static)
        c = event.counts
        if event.unreachable is not None:
            status.update(t("geocode.cancelled"))
            self._service_failed(event.unreachable)
        elif event.stopped == "cancelled":
            status.update(t("geocode.cancelled"))
        elif not sum(c.values()):
            status.update(t("geocode.nothing_to_do") if event.needs_location else t("geocode.all_located"))
        else:
            status.update(t("geocode.finished", exact=c["exact"], approximate=c["approximate"],
                            not_found=c["not_found"] + c["rejected"]))
        self._show(event.needs_location)

    def _service_failed(self, error: Exception) -> None:
        """The service went away or refused: a message in the user's language; the technical detail
        (the geo layer's English text) goes to the progress log, and into the message only in English."""
        t = self.app.t
        refused = isinstance(error, GeocoderRefused)
        detail = str(error)
        self._write(t("geocode.detail", detail=detail))
        message = t("geocode.refused" if refused else "geocode.unreachable")
        if self.app.locale == "en":
            message += "\n\n" + detail
        else:
            kind = getattr(error, "kind", "")
            if kind:
                message += "\n\n" + t("geocode.why", why=t(f"geocode.why.{kind}"))
            message += "\n" + t("geocode.see_log")
        self.app.show_error(t("geocode.refused_title" if refused else "geocode.unreachable_title"), message)

    def _failed(self, exc: UserError) -> None:
        self.running = False
        self.remove_class("-started")  # nothing ran: no bar left waiting
        self.query_one("#status", Static).update("")
        self.refresh_bindings()
        if isinstance(exc, (GeocoderRefused, GeocoderUnreachable)):  # e.g. no API key: said like a refusal
            self._service_failed(exc)
        else:
            self.app.show_error(exc.title, str(exc))

    def action_stop(self) -> None:
        if self.running and not self._stop.is_set():
            self._stop.set()
            self.query_one("#status", Static).update(self.app.t("geocode.stopping"))
            self.refresh_bindings()

    def action_stop_or_back(self) -> None:
        if self.running:
            self.action_stop()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    # -- by hand --------------------------------------------------------------

    def action_manual(self) -> None:
        from rmtui.ui.modals.manual_location import ManualLocationModal

        chosen = self._selected()
        if chosen is None:
            return
        self.app.push_screen(ManualLocationModal(chosen.code, chosen.name), self._placed)

    def _placed(self, placed: PlacedCustomer | None) -> None:
        if placed is None:
            return
        t = self.app.t
        loc = placed.location
        text = t("geocode.placed", code=placed.code, name=placed.name, lat=f"{loc.lat:.6f}", lon=f"{loc.lon:.6f}")
        if loc.warning:
            text += " " + t("geocode.check", warning=loc.warning)
        self.query_one("#status", Static).update(text)
        self.notify(text, severity="warning" if loc.warning else "information", markup=False)
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run":
            return not self.running or None
        if action == "stop":
            return self.running and not self._stop.is_set()
        if action == "manual":
            return self._selected() is not None or None  # a hand-set place is never overwritten by a run
        return True
