"""Base of the screens that show one part of a report: next/previous part, back, palette."""

from __future__ import annotations

from textual.binding import Binding

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcScreen
from cchc_tui.screens.commands import ReportCommands
from cchc_tui.service.workspace import ReportWorkspace


class PartScreen(CchcScreen[None]):
    """A section, form, appendix or findings screen of the open report."""

    COMMANDS = {ReportCommands}
    BINDINGS = [
        Binding("ctrl+pagedown,f8", "step(1)", msg.KEY_NEXT, id="part.next", priority=True),
        Binding(
            "ctrl+pageup,f7", "step(-1)", msg.KEY_PREV, id="part.prev", show=False, priority=True
        ),
        Binding("f4", "findings", msg.KEY_FINDINGS, id="part.findings"),
    ]
    """Keys shared by every part of a report (priority: a text area's own F7 must not win)."""

    part_kind = ""
    part_key = ""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace

    @property
    def locked(self) -> bool:
        """Whether this part cannot be changed here: the report is signed or read-only, or
        it is an officer's working copy and the part is not theirs (issue 16)."""
        return self.workspace.part_locked(self.part_kind, self.part_key)

    @property
    def locked_reason(self) -> str:
        """Why this part cannot be changed (Vietnamese), when :attr:`locked`."""
        return self.workspace.part_locked_reason(self.part_kind, self.part_key)

    def _outline(self):  # type: ignore[no-untyped-def]
        from cchc_tui.screens.outline import OutlineScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, OutlineScreen):
                return screen
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next/previous only where there is a next/previous part."""
        if action == "step" and self._outline() is not None:
            keys = self._outline().item_keys()
            if (self.part_kind, self.part_key) in keys:
                index = keys.index((self.part_kind, self.part_key)) + int(parameters[0])  # type: ignore[call-overload]
                return 0 <= index < len(keys)
        return True

    def action_step(self, delta: int) -> None:
        """Open the next (1) or previous (-1) part in template order."""
        outline = self._outline()
        if outline is not None:
            outline.step(self.part_kind, self.part_key, delta)

    def action_findings(self) -> None:
        """Open the list of errors and warnings."""
        outline = self._outline()
        if outline is not None:
            outline.open_item("findings", "findings")

    def before_leave(self) -> None:
        """Called before this screen is closed for another part (save what is pending)."""

    def action_back(self) -> None:
        """Back to the outline."""
        self.before_leave()
        self.app.pop_screen()
