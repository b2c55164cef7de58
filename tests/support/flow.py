"""An on-call engineer's incident on a phone, driven in Chromium: taps, characters, scrolling.

One payment outage in three stages, as issue 23 measures it: from the home page to both
initial notices copied and recorded; the 15-minute update; the recovery notices. Each stage
types its facts once (a tap on the first field, then the keyboard's "next" key between
fields), sends with one tap per message, and counts what a person would do:

- taps: clicks on the page (a confirmation answered counts too);
- characters: every key typed, the "next" key and a list's line breaks included;
- scrolling by hand: what a person scrolls to bring the next target into view (below the
  header, above the bars at the foot of the screen), in screens of the viewport's height;
- moved: every pixel the page moved, by hand or by itself (focusing a field, a link to
  #ready, the browser keeping the reader's place while a message folds away).

Used by `tests/browser/test_workspace_flow.py` (the budgets) and `tests/bench/flow.py` (the
figures, with the template pages' route as the baseline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Dialog, Locator, Page

BEIJING = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 11, 26, 9, 41, 30, tzinfo=BEIJING)

# The facts of each stage, in the words an engineer types. Lists are typed one line each.
INITIAL: dict[str, str | list[str]] = {
    "severity": "P1",
    "start_time": "09:12",
    "service": "支付服务",
    "impact": "约三成用户支付失败",
    "ic_name": "李四",
    "incident_id": "2026-1126",
    "user_symptom": "部分用户在支付时遇到失败",
    "affected_features": ["订单支付", "余额充值"],
}
UPDATE: dict[str, str | list[str]] = {
    "in_progress": ["观察切换后的支付成功率"],
    "next_steps": ["10:05 恢复主支付通道"],
    "progress_summary": "我们已切换到备用支付通道，支付成功率正在回升。",
}
RECOVERY: dict[str, str | list[str]] = {
    "end_time": "10:02",
    "affected_share": "约三成",
    "resolution_steps": ["更新支付网关证书", "切回主支付通道"],
    "verification_results": ["支付成功率：99.7%", "错误率：< 0.1%"],
    "rca_due": "3日内",
    "impact_public": "部分用户无法完成支付",
}
RECOVERED = START + dt.timedelta(minutes=29)
# (stage, the clock when it starts, its facts, the messages it sends)
STAGES = [
    ("initial", START, INITIAL, ["initial-internal", "initial-public"]),
    ("update", START + dt.timedelta(minutes=15), UPDATE, ["update-internal", "update-public"]),
    ("recovery", RECOVERED, RECOVERY, ["resolved-internal", "resolved-public"]),
]
# Who reviews the external messages of this major (P1) incident, typed once a stage.
REVIEWER = "王五"
# What each stage may cost on a 390×844 phone (issue 23): taps besides the typing, screens.
BUDGET = {"initial": (6, 1.5), "update": (4, 1.0), "recovery": (6, 2.0)}


def typed(value: str | list[str]) -> str:
    return "\n".join(value) if isinstance(value, list) else value


@dataclass
class Figures:
    """What one stage took."""

    stage: str
    taps: int = 0
    characters: int = 0
    scrolled: float = 0.0  # px, every move of the page
    by_hand: float = 0.0  # px, the part a person scrolled (the budget's "screens")
    confirmations: list[str] = field(default_factory=list)
    copied: dict[str, str] = field(default_factory=dict)
    counting_down: bool = False  # the countdown bar on screen once the facts were typed
    typed: dict[str, str | list[str]] = field(default_factory=dict)  # the facts asked for
    height: int = 844

    @property
    def screens(self) -> float:
        return self.by_hand / self.height


# The part of the viewport a target can be tapped in: below Material's header, above the
# bars fixed at the foot of the screen (the countdown, the undo of a send).
TAPPABLE = """e => {
  const r = e.getBoundingClientRect();
  const header = document.querySelector(".md-header");
  let top = header ? header.getBoundingClientRect().bottom : 0;
  let bottom = innerHeight;
  for (const bar of document.querySelectorAll("#hb-cadence, #hb-undo")) {
    bottom = Math.min(bottom, bar.getBoundingClientRect().top);
  }
  if (r.top < top) return r.top - top - 8;
  if (r.bottom > bottom) return r.bottom - bottom + 8;
  return 0;
}"""


# Whether the current incident's log holds a message of this template.
SENT = """slug => {
  const s = JSON.parse(localStorage.getItem("hb.incidents.v1") || "null");
  const inc = s && s.incidents[sessionStorage.getItem("hb.incidents.tab-current") || s.current];
  return !!inc && inc.log.some(e => e.template === slug);
}"""


class Phone:
    """A person at the phone: every tap, key and scroll counted into the current Figures."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.context = context
        self.page = page
        self.now = Figures("")
        self.y = 0.0
        page.on("dialog", self._answer)

    def _answer(self, dialog: Dialog) -> None:
        """A question answered yes; asked for the reviewer, the reviewer's name typed."""
        self.now.confirmations.append(dialog.message)
        self.now.taps += 1  # 确定
        if dialog.type == "prompt":
            self.now.characters += len(REVIEWER)
            dialog.accept(REVIEWER)
        else:
            dialog.accept()

    def begin(self, stage: str, at: dt.datetime) -> Figures:
        self.context.clock.set_fixed_time(at)
        self.now = Figures(stage, height=self.page.viewport_size["height"])
        self.y = self._scroll_y()
        return self.now

    def _scroll_y(self) -> float:
        return float(self.page.evaluate("scrollY"))

    def moved(self) -> None:
        """The page's scroll position since the last look, added to what the stage scrolled."""
        y = self._scroll_y()
        self.now.scrolled += abs(y - self.y)
        self.y = y

    def tap(self, target: Locator) -> None:
        """Scroll (by hand) until the target is on screen, then tap it."""
        target.wait_for()
        self.moved()
        off = target.evaluate(TAPPABLE)
        if off:
            self.page.evaluate("dy => window.scrollBy(0, dy)", off)
            self.now.by_hand += abs(off)
            self.moved()
        target.click(no_wait_after=True)
        self.now.taps += 1
        self.page.wait_for_timeout(50)
        self.moved()

    def nearest(self, selector: str) -> Locator:
        """Of the controls that match, the one least scrolling away."""
        found = self.page.locator(selector)
        offsets = [abs(found.nth(i).evaluate(TAPPABLE)) for i in range(found.count())]
        return found.nth(offsets.index(min(offsets)))

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.y = self._scroll_y()

    def type_needed(self, facts: dict[str, str | list[str]]) -> None:
        """Type the facts the workspace asks for up top: a tap on the first, then each value and
        the keyboard's "next" key. Every needed field must be one of `facts` (or the reviewer's,
        which a major incident's external messages need: it appears once the severity is in)."""
        facts = {**facts, "hb_reviewer": REVIEWER}
        self.page.wait_for_selector("#hb-now-fields .hb-needed")
        done: list[str] = []
        while True:
            keys = self.page.eval_on_selector_all(
                "#hb-now-fields .hb-needed [name]", "els => els.map(e => e.name)"
            )
            todo = [k for k in keys if k not in done]
            if not todo:
                break
            key = todo[0]
            assert key in facts, f"the workspace asks for a fact the scenario has not: {key}"
            if not done:
                self.tap(self.page.locator(f'#hb-now-fields [name="{key}"]'))
            else:
                self.page.keyboard.press("Tab")  # the keyboard's "next"
                self.now.characters += 1
            focused = self.page.evaluate("document.activeElement && document.activeElement.name")
            assert focused == key, f"the next key reached {focused}, not {key}"
            text = typed(facts[key])
            for i, line in enumerate(text.split("\n")):
                if i:
                    self.page.keyboard.press("Enter")
                self.page.keyboard.insert_text(line)
            self.now.characters += len(text)
            if key != "hb_reviewer":
                self.now.typed[key] = facts[key]
            done.append(key)
            self.page.wait_for_timeout(200)  # the messages are redrawn 150 ms after typing
            self.moved()

    def send(self, slug: str) -> str:
        """One tap on the message's send action; what the clipboard then holds, once the
        message is in the incident's log."""
        self.page.evaluate("navigator.clipboard.writeText('')")
        self.tap(self.page.locator(f'[data-send="{slug}"]'))
        self.page.wait_for_function(SENT, arg=slug)
        text = self.page.evaluate("navigator.clipboard.readText()")
        self.now.copied[slug] = text
        self.moved()
        return text


def run(
    context: BrowserContext, origin: str, shoot: Callable[[Page, str], None] | None = None
) -> list[Figures]:
    """The three stages on a fresh phone context (clipboard granted), from the home page.
    `shoot(page, name)` is called once a stage's facts are typed and after each send."""
    page = context.pages[0] if context.pages else context.new_page()
    phone = Phone(context, page)
    out = []
    for stage, at, facts, slugs in STAGES:
        figures = phone.begin(stage, at)
        if stage == "initial":
            phone.goto(f"{origin}/")
            phone.tap(page.locator("#hb-start"))
            page.wait_for_selector("#hb-now-fields")
        elif stage == "update":
            page.reload()  # the reader comes back 15 minutes later: the countdown bar leads
            page.wait_for_selector("#hb-cadence")
            phone.y = phone._scroll_y()
            phone.tap(page.locator("#hb-cadence a"))
            page.wait_for_selector("#hb-now-fields")
        else:
            phone.tap(phone.nearest('.hb-prepare[data-stage="resolved"]'))
        phone.type_needed(facts)
        figures.counting_down = page.locator("#hb-cadence[data-countdown]").is_visible()
        if shoot:
            shoot(page, f"flow-{stage}-typed")
        for slug in slugs:
            phone.send(slug)
            if shoot:
                shoot(page, f"flow-{stage}-sent-{slug}")
        out.append(figures)
    return out


def values_at(figures: Figures) -> dict[str, str | list[str]]:
    """The values `handbook fill` gets for a stage's messages: the initial facts, the facts the
    stage asked for and were typed, and the clock (the incident's date, this update's time).
    The update's facts are per message: once sent, they are not the recovery's."""
    at = next(at for name, at, _, _ in STAGES if name == figures.stage.split(" ")[0])
    return {
        "incident_date": "2026-11-26",
        **INITIAL,
        **figures.typed,
        "update_time": at.strftime("%H:%M"),
    }
