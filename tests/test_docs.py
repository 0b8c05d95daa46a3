"""The README documents every command and every option a command accepts."""
import re
from pathlib import Path

import pytest

from polevent.cli import COMMANDS, build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_command_is_in_the_readme(name):
    assert f"`polevent {name}" in README, f"README's command table lacks polevent {name}"


def test_every_command_module_is_registered():
    assert len(COMMANDS) == len(subcommands())


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_options_are_documented(name):
    sub = subcommands()[name]
    documented = set(re.findall(r"--[a-z][a-z-]+", README))
    options = {o for a in sub._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    missing = options - documented
    assert not missing, f"polevent {name}: README does not mention {sorted(missing)}"
