import gc
import sys

from aiohttp import web

from bot.config import load_settings
from bot.feedback import content
from bot.knowledge.partners import PartnerConfigError
from bot.safety import detect_crisis
from bot.web.app import create_app


async def ready_to_serve(app: web.Application) -> None:
    """Does now what the first messages would otherwise wait for: the crisis patterns are built and the crisis
    classifier learns (a few seconds), and the content patterns are built. Then everything start-up made is frozen out of the garbage collector's full
    passes, which would otherwise stop every request for about 70 ms now and then."""
    detect_crisis("hello")
    content.prepare()
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    settings = load_settings()
    try:
        app = create_app(settings)
    except PartnerConfigError as refused:
        # A plain reason in the gateway's log, not a traceback: the partner's web team has to act on it.
        print(f"The gateway did not start. {refused}", file=sys.stderr)
        sys.exit(2)
    app.on_startup.append(ready_to_serve)  # after create_app's own start-up: the stores are open by then
    web.run_app(app, host=settings.gateway_host, port=settings.gateway_port, print=None, access_log=None)
