"""Every page a person reaches from the navigation, in a real browser, for every demo user
(and anonymous on a published committee's public pages), at 360 and 1 280 pixels: nothing is
wider than a phone, no table column is cut off on a desktop, a table that scrolls in its box
says so, the Content-Security-Policy refuses nothing, and axe-core finds no WCAG 2.1 AA
violation (in Django's administration: no serious or critical one).

One live server and one demo load serve the whole walk (a module-scoped fixture); each
person keeps one browser context, and each page opens at 360 px and is measured again
after a switch to 1 280 px. A table may be wider than its box at either width only in its
own scroll box with the hint above it ("Svep i tabellen för fler kolumner"); the tables that
still scroll at 1 280 px are listed in the walk's printout. axe-core checks every page of
ours each person reaches, at 360 px; in the administration, Django's own templates, once for
the index, an app page and a change list. A page whose content (the markup in <main>) is word
for word one axe-core has already checked, as another person's copy of it often is (the
administrator and a controller see the same committee pages), is checked again only outside
<main> (the header, the menu, the page-level rules), and not at all when that too is word
for word as already checked (the title's words aside; the CSRF token is not content).

Links are followed breadth-first from the start page: same origin, GET only, no downloads
(`format=`, `.csv`, `.xlsx`…; a file behind another address is skipped), no log-out, and in
the administration only the index, the app pages and the change lists; the public pages
(the same for everyone) only as the anonymous visitor. Another sort order or period
(`?sort=`, `?period=`, `?kvartal=`) is the same page, and one address per page kind is
enough (one Kolada indicator's page stands for all of them, one own indicator's for those),
where a page kind is the view, the committee, words in the address (the ej verkställda
report's kind) and the names of the other query parameters.

The pages NAMED lists (those the tests at the end name: the policy's, axe-core's, the
register's and the charts' at 360 px) are each opened first as their person, even where
another page of their kind would do, and axe-core checks each of them whole; on the chart
pages the walk also waits for plotly.js and checks each chart's title and legend at both
widths.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from apps.organisations.demo import DEMO_PASSWORD
from tests.browser.conftest import AXE
from tests.demo import load_demo

# The tests share the module's walk: one xdist worker runs them all, and starts with them
# (XDIST_GROUPS in tests/conftest.py).
pytestmark = pytest.mark.browser

PHONE, DESKTOP = 360, 1280
PEOPLE = [
    "admin",
    "alingsas-controller",
    "alingsas-politiker",
    "alingsas-rapportor",
    "ale-controller",
    "ale-politiker",
    "ale-rapportor",
    None,  # anonymous, on the public pages of a published committee
]
PUBLIC = "/publik/"
# Another order or another period of the same page: the same page to the walk.
SAME_PAGE_PARAMS = ("sort", "o", "period", "kvartal", "ar", "manad")
KOLADA_CODE = re.compile(r"[A-Z]\d{5}")
# Not ".pdf": the committee report's old address (rapport.pdf) opens the report's page.
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".json", ".png", ".docx", ".zip")
ADMIN_VIEWS = ("admin:index", "admin:app_list")
SERIOUS = ("serious", "critical")
FITS_ON_DESKTOP = (
    "dashboards:indicator_list",
    "dashboards:public_indicator_list",
    "budget:overview",
)
AS_ALINGSAS, AS_ALE = "/namnd/alingsas-von/", "/namnd/ale-sn/"
# Pages the tests below name, each as one person: the walk opens each of them as that
# person first, even where it would have taken another page of the kind, and axe-core
# checks each one whole.
CSP_PAGES = [
    ("alingsas-controller", AS_ALINGSAS),
    ("alingsas-controller", f"{AS_ALINGSAS}nyckeltal/U23401/"),
    ("alingsas-controller", f"{AS_ALINGSAS}jamforelse/?nyckeltal=U20900"),
    ("alingsas-controller", f"{AS_ALINGSAS}uppfoljning/"),
    ("ale-controller", f"{AS_ALE}budget/"),
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/?kvartal=2025Q4"),
]
AXE_PAGES = [
    ("alingsas-politiker", AS_ALINGSAS),
    ("alingsas-politiker", f"{AS_ALINGSAS}nyckeltal/U23401/"),
    ("alingsas-politiker", f"{AS_ALINGSAS}jamforelse/?nyckeltal=U20900"),
    ("alingsas-politiker", f"{AS_ALINGSAS}nyckeltal/?sort=-varde"),
    ("ale-politiker", f"{AS_ALE}budget/"),
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/?kvartal=2025Q4"),
    (None, "/publik/alingsas-von/"),
    (None, "/publik/alingsas-von/nyckeltal/U20900/"),
]
REGISTER_PAGES = [
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/register/"),
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/importera/"),
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/rapport/ivo/?kvartal=2025Q4"),
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/beslut/ny/"),
]
CHART_PAGES = [
    ("alingsas-politiker", f"{AS_ALINGSAS}nyckeltal/U23401/"),
    ("alingsas-politiker", f"{AS_ALINGSAS}jamforelse/?nyckeltal=U20900"),
    ("ale-politiker", f"{AS_ALE}nyckeltal/U28900/"),
    ("ale-politiker", f"{AS_ALE}budget/"),
    ("ale-rapportor", f"{AS_ALE}ej-verkstallda/?kvartal=2025Q4"),
]
NAMED = CSP_PAGES + AXE_PAGES + REGISTER_PAGES + CHART_PAGES

# Every Content-Security-Policy violation in the page, from its first script on.
CSP_LISTENER = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));"""

# Each chart's title and legend entries that stick out past the plot's box, and by how much.
CHART_OUTSIDE = """() => [...document.querySelectorAll(".chart__plot")].flatMap((plot) => {
  const box = plot.getBoundingClientRect();
  const texts = [...plot.querySelectorAll(".gtitle, .legendtext")];
  return texts.map((text) => {
    const r = text.getBoundingClientRect();
    return [text.textContent, Math.round(Math.max(box.left - r.left, r.right - box.right))];
  }).filter(([, outside]) => outside > 1);
})"""

# Measures the page as it is drawn. Returns what is wider than the window outside a scroll
# box, table cells that cut their content, tables that scroll without a visible hint, and
# tables that scroll at all (at 1 280 px that means a column is out of sight).
MEASURE = """() => {
  const view = window.innerWidth;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    for (const c of el.classList) s += "." + c;
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return text ? `${s} "${text}"` : s;
  };
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return p;
    }
    return null;
  };
  const shown = (el) =>
    !!el && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const out = {width: document.documentElement.scrollWidth, wide: [], clipped: [],
               unhinted: [], scrolling: []};
  if (out.width > view) {
    for (const el of document.body.querySelectorAll("*")) {
      const right = el.getBoundingClientRect().right;
      const parent = el.parentElement.getBoundingClientRect().right;
      if (right > view + 1 && parent <= view + 1 && !scroller(el) && shown(el)) {
        out.wide.push(`${name(el)}: ${Math.round(right)} px`);
      }
    }
  }
  for (const cell of document.querySelectorAll("td, th")) {
    const o = getComputedStyle(cell).overflowX;
    if (o !== "visible" && cell.scrollWidth > cell.clientWidth + 1 && shown(cell)) {
      out.clipped.push(name(cell));
    }
  }
  for (const table of document.querySelectorAll("main table")) {
    if (!shown(table)) continue;
    const box = scroller(table);
    const room = (box || table.parentElement).clientWidth;
    const width = Math.ceil(table.getBoundingClientRect().width);
    if (width <= room + 1) continue;
    const what = `${name(table.querySelector("th") || table)} (${width} px in ${room} px)`;
    if (!box) { out.clipped.push("table without a scroll box: " + what); continue; }
    out.scrolling.push(what);
    const hint = box.id && document.querySelector(`[data-hint-for="${box.id}"]`);
    if (!shown(hint)) out.unhinted.push(what);
  }
  for (const hint of document.querySelectorAll("[data-hint-for]")) {
    const box = document.getElementById(hint.dataset.hintFor);
    if (shown(hint) && box.scrollWidth <= box.clientWidth + 1) {
      out.unhinted.push("a hint with nothing to scroll: " + name(box.querySelector("th") || box));
    }
  }
  for (const th of document.querySelectorAll("main th")) {
    if (getComputedStyle(th).display === "none") out.clipped.push("hidden column: " + name(th));
  }
  return out;
}"""


# The page's content in <main>, and everything outside it, as markup (the title and the CSRF
# token left out). None for the content where the page has no single <main>.
MARKUP = """() => {
  const copy = document.documentElement.cloneNode(true);
  for (const input of copy.querySelectorAll("input[name=csrfmiddlewaretoken]")) {
    input.removeAttribute("value");
  }
  const title = copy.querySelector("title");
  if (title) title.textContent = title.textContent.trim() ? "T" : "";
  const mains = copy.querySelectorAll("main");
  if (mains.length !== 1) return [null, copy.outerHTML];
  const content = mains[0].outerHTML;
  mains[0].replaceChildren();
  return [content, copy.outerHTML];
}"""

# axe-core on the page. Its scrollable-region-focusable rule takes every element inside a
# disabled fieldset for unfocusable; a box with tabindex="0" there still takes focus (the
# read-only follow-up form), so the walk asks the browser and drops the nodes that do.
AXE_RUN = """async (outsideMain) => {
  const result = await axe.run(outsideMain ? {exclude: [["main"]]} : document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"]
  });
  for (const v of result.violations) {
    if (v.id !== "scrollable-region-focusable") continue;
    v.nodes = v.nodes.filter((n) => {
      const el = document.querySelector(n.target[0]);
      if (el) el.focus();
      return !el || document.activeElement !== el;
    });
  }
  return result;
}"""


@dataclass
class Visit:
    """One page as one person saw it, and what was wrong with it."""

    person: str
    path: str
    view: str
    status: int
    problems: dict[str, list[str]] = field(default_factory=dict)
    scrolls_on_desktop: list[str] = field(default_factory=list)
    width: int = 0  # the page's width at 360 px
    axe_whole: bool = False  # axe-core checked the whole page, not only outside <main>
    charts: int = 0  # the charts drawn (counted on the pages CHART_PAGES names)


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)
    axe_runs: int = 0
    axe_outside_main: int = 0  # of axe_runs: on a content already checked, only around it
    axe_seconds: float = 0.0
    seconds: float = 0.0

    def pages(self, person: str) -> list[str]:
        return [v.path for v in self.visits if v.person == person]

    def problems(self, kind: str) -> list[str]:
        return [f"{v.person} {v.path}: {p}" for v in self.visits for p in v.problems.get(kind, [])]

    def visit(self, person: str | None, path: str) -> Visit:
        """The walk's visit of a page NAMED names."""
        found = [v for v in self.visits if v.person == (person or "anonym") and v.path == path]
        assert found, f"the walk did not open {path} as {person or 'anonym'}"
        return found[0]


@dataclass
class Walker:
    """One person's walk: one browser context, links followed breadth-first."""

    browser: Any
    origin: str
    walk: Walk
    axed: set[tuple[str, ...]]  # the kinds of administration page axe has checked
    checked: set[str] = field(default_factory=set)  # the markup axe-core has checked (sha256)

    def page_kind(self, url: str, *, anonymous: bool) -> tuple[str, ...] | None:
        """The kind of page an address opens, or None when the walk does not follow it."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        if not anonymous and parts.path.startswith(PUBLIC):
            return None  # the same for everyone: walked once, by the anonymous visitor
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if "format" in query or parts.path.endswith(DOWNLOAD_SUFFIXES):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            return ("okänd", parts.path)
        if match.view_name in ("logout", "health"):
            return None
        if match.namespace == "admin":
            changelist = match.view_name.endswith("_changelist")
            if (match.view_name not in ADMIN_VIEWS and not changelist) or parts.query:
                return None
        params = sorted(key for key in query if key not in SAME_PAGE_PARAMS)
        # A page's own words in the address (the ej verkställda report's kind) make another
        # page; numbers, periods and indicator codes do not, except that an own indicator's
        # page (no Kolada code) is another page than a Kolada indicator's.
        words = [
            f"{key}={value}"
            for key, value in sorted(match.kwargs.items())
            if key not in ("slug", "code", "period") and not str(value).isdigit()
        ]
        if "code" in match.kwargs:
            words.append("kolada" if KOLADA_CODE.fullmatch(match.kwargs["code"]) else "egen")
        return (match.view_name, str(match.kwargs.get("slug", "")), *words, *params)

    def run(self, person: str | None, start: str) -> None:
        context = self.browser.new_context(
            viewport={"width": PHONE, "height": 900}, locale="sv-SE", accept_downloads=False
        )
        # axe-core and the policy's listener with every page, as the browser's own scripts:
        # no route (Playwright turns the browser's cache off in a context that routes: every
        # page would fetch its style sheet and plotly.js again) and no script tag the policy
        # would refuse.
        context.add_init_script(CSP_LISTENER)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        if person:
            log_in(page, self.origin, person)
        named = {path for who, path in NAMED if who == person}
        queue, kinds = [f"{self.origin}{path}" for path in sorted(named)], set()
        queue.append(f"{self.origin}{start}")
        while queue:
            url = queue.pop(0)
            path = url.removeprefix(self.origin)
            kind = self.page_kind(url, anonymous=person is None)
            if kind is None or (kind in kinds and path not in named):
                continue
            named.discard(path)
            kinds.add(kind)
            try:
                response = page.goto(url, wait_until="load")
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file behind an address without a download suffix: not a page
                raise
            visit = Visit(person or "anonym", path, kind[0], response.status)
            self.walk.visits.append(visit)
            if response.status != 200 or "text/html" not in response.headers["content-type"]:
                visit.problems["status"] = [f"HTTP {response.status}"]
                continue
            links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
            queue.extend(link.split("#")[0] for link in links)
            self.measure(page, visit, kind, person)
        context.close()

    def measure(self, page: Any, visit: Visit, kind: tuple[str, ...], person: str | None) -> None:
        """At 360 px (the page opened there), then at 1 280 px; axe-core at 360 px; the
        Content-Security-Policy's violations after both; the charts of CHART_PAGES."""
        named = (person, visit.path) in NAMED
        charted = (person, visit.path) in CHART_PAGES
        if charted:
            self.charts_on_a_phone(page, visit)
        phone = page.evaluate(MEASURE)
        visit.width = phone["width"]
        if phone["width"] > PHONE:
            visit.problems["wide"] = [f"{phone['width']} px", *phone["wide"][:5]]
        visit.problems["unhinted"] = [f"{PHONE} px: {what}" for what in phone["unhinted"]]
        visit.problems["clipped"] = [f"{PHONE} px: {what}" for what in phone["clipped"]]
        # Every page of ours; in the administration (Django's own templates) one of each kind.
        if kind[0].startswith("admin:"):
            fingerprint: tuple[str, ...] = ("admin", kind[0].rpartition("_")[2])
            if fingerprint not in self.axed:
                self.axed.add(fingerprint)
                self.axe(page, visit, outside_main=False)
        else:
            content, around = (digest(markup) for markup in page.evaluate(MARKUP))
            if named or content is None or content not in self.checked:
                self.axe(page, visit, outside_main=False)
            elif around not in self.checked:
                self.axe(page, visit, outside_main=True)
            self.checked.update(markup for markup in (content, around) if markup)
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
        desktop = page.evaluate(MEASURE)
        visit.problems["unhinted"] += [f"{DESKTOP} px: {w}" for w in desktop["unhinted"]]
        visit.problems["clipped"] += [f"{DESKTOP} px: {w}" for w in desktop["clipped"]]
        visit.scrolls_on_desktop = desktop["scrolling"]
        if charted and visit.charts:
            self.charts_on_a_desktop(page, visit)
        visit.problems["csp"] = page.evaluate("() => window.__csp")
        page.set_viewport_size({"width": PHONE, "height": 900})  # the next page opens there

    def charts_on_a_phone(self, page: Any, visit: Visit) -> None:
        """At 360 px the title is text above the chart (Plotly cannot wrap it), and the
        legend's entries and bar labels wrap instead of running past the chart's edge."""
        try:
            page.wait_for_selector(".chart__plot .main-svg", timeout=15_000)
        except PlaywrightError:
            visit.problems["chart"] = ["plotly.js drew no chart in 15 s"]
            return
        page.wait_for_timeout(300)  # plotly.js lays a responsive chart out again after it appears
        visit.charts = page.locator(".chart__plot .main-svg").count()
        problems = [
            f"{text!r} {outside} px utanför" for text, outside in page.evaluate(CHART_OUTSIDE)
        ]
        title = page.locator(".chart__title").first
        if not title.is_visible():
            problems.append("the title above the chart is hidden at 360 px")
        elif title.evaluate("(t) => t.getBoundingClientRect().right") > PHONE:
            problems.append("the title above the chart is wider than the phone")
        visit.problems["chart"] = problems

    def charts_on_a_desktop(self, page: Any, visit: Visit) -> None:
        """At 1 280 px the chart keeps its own title, and the one above it is hidden."""
        page.wait_for_timeout(500)  # the charts are drawn again after a resize
        if page.locator(".chart__title").first.is_visible():
            visit.problems["chart"].append("the title above the chart is shown at 1 280 px")
        if not page.locator(".chart__plot .gtitle").first.text_content():
            visit.problems["chart"].append("the chart has no title of its own at 1 280 px")

    def axe(self, page: Any, visit: Visit, *, outside_main: bool) -> None:
        started = time.monotonic()
        visit.problems["axe"] = axe_problems(
            page, outside_main=outside_main, admin=visit.view.startswith("admin:")
        )
        visit.axe_whole = not outside_main
        self.walk.axe_runs += 1
        self.walk.axe_outside_main += outside_main
        self.walk.axe_seconds += time.monotonic() - started


def digest(markup: str | None) -> str | None:
    return None if markup is None else hashlib.sha256(markup.encode()).hexdigest()


def log_in(page: Any, origin: str, username: str) -> None:
    page.goto(f"{origin}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/logga-in/" not in url)


def axe_problems(page: Any, *, outside_main: bool, admin: bool) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations in the page (or outside its <main>, page-level
    rules included): every one on our pages, the serious and critical ones on Django's
    administration pages."""
    result = page.evaluate(AXE_RUN, outside_main)
    return [
        f"{v['impact']} {v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["nodes"] and (v["impact"] in SERIOUS or not admin)
    ]


@pytest.fixture(scope="module")
def walk(browser, live_server, django_db_setup, django_db_blocker) -> Iterator[Walk]:  # type: ignore[no-untyped-def]
    """The demo loaded once, every person's walk, and the database emptied afterwards."""
    from apps.organisations.models import Committee

    with django_db_blocker.unblock():
        load_demo()
        try:
            public = Committee.objects.filter(published=True).order_by("slug").first()
            assert public is not None, "the demo has a published committee"
            result = Walk()
            walker = Walker(browser, str(live_server.url), result, axed=set())
            started = time.monotonic()
            for person in PEOPLE:
                walker.run(person, "/" if person else f"{PUBLIC}{public.slug}/")
            result.seconds = time.monotonic() - started
            yield result
        finally:
            call_command("flush", interactive=False)


def test_the_walk_reaches_every_persons_pages(walk):
    counts = {person or "anonym": len(walk.pages(person or "anonym")) for person in PEOPLE}
    print(
        f"\nSidor per person: {counts}, {len(walk.visits)} sidor på {walk.seconds:.0f} s;"
        f" axe-core {walk.axe_runs} gånger, {walk.axe_outside_main} av dem utanför <main>"
        f" ({walk.axe_seconds:.0f} s)"
    )
    for visit in walk.visits:
        wide = (
            f" (rullar vid {DESKTOP} px: {visit.scrolls_on_desktop})"
            if visit.scrolls_on_desktop
            else ""
        )
        print(f"  {visit.person:20} {visit.status} {visit.path}{wide}")

    assert all(count >= 3 for count in counts.values()), counts
    assert counts["admin"] > counts["alingsas-controller"]  # the administration too
    assert walk.problems("status") == []


def test_no_page_is_wider_than_a_phone(walk):
    assert walk.problems("wide") == []


def test_a_table_wider_than_its_box_scrolls_there_under_a_hint_shown_only_then(walk):
    assert walk.problems("unhinted") == []


def test_no_table_cell_or_column_is_cut_off(walk):
    assert walk.problems("clipped") == []


def test_the_indicator_lists_and_the_budget_show_every_column_at_1280_pixels(walk):
    # The cases: "Alla nyckeltal" lost its GR and riket columns, the budget its
    # "Beräknad prognos". Other tables may scroll at 1 280 px (with the hint), e.g. the IVO
    # checklist's many columns and the administration's lists beside their filters.
    views = set(FITS_ON_DESKTOP)
    scrolling = [(v.path, v.scrolls_on_desktop) for v in walk.visits if v.view in views]

    assert {v.view for v in walk.visits} >= views
    assert [(path, what) for path, what in scrolling if what] == []


def test_axe_finds_no_violation_on_our_pages_nor_a_serious_one_in_the_administration(walk):
    assert walk.problems("axe") == []


def test_no_page_breaks_the_content_security_policy(walk):
    assert walk.problems("csp") == []


@pytest.mark.parametrize(("user", "path"), CSP_PAGES)
def test_the_pages_run_under_the_policy_without_a_violation(walk, user, path):
    # The charts, the budget tree, the period picker and the import progress.
    visit = walk.visit(user, path)

    assert visit.status == 200
    assert visit.problems["csp"] == []


@pytest.mark.parametrize(("user", "path"), AXE_PAGES)
def test_axe_finds_no_wcag_violations(walk, user, path):
    visit = walk.visit(user, path)

    assert visit.axe_whole
    assert visit.problems["axe"] == []


@pytest.mark.parametrize(("user", "path"), REGISTER_PAGES)
def test_the_register_pages_fit_a_phone_and_pass_axe(walk, user, path):
    visit = walk.visit(user, path)

    assert 0 < visit.width <= PHONE, f"{path}: {visit.width} px"
    assert visit.axe_whole
    assert visit.problems["axe"] == []


@pytest.mark.parametrize(("user", "path"), CHART_PAGES)
def test_a_charts_title_and_legend_stay_inside_it_at_360_pixels(walk, user, path):
    visit = walk.visit(user, path)

    assert visit.charts > 0
    assert visit.problems["chart"] == []
