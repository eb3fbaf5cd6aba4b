"""「后台」: a one-time link that signs the official in to the console in WeChat's browser."""

import re

from bot.context import Context, say
from bot.router import Router
from console import sessions
from core.settings import get_settings

router = Router()


@router.command(r"后台|管理后台|登录后台", roles={"official", "admin"})
def console_link(ctx: Context, match: re.Match) -> str:
    url = sessions.link(ctx.session, get_settings(), person=ctx.person)
    return say("console_link", url=url, minutes=int(sessions.LINK_TTL.total_seconds() // 60))
