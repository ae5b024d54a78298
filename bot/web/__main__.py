import sys

from aiohttp import web

from bot.config import load_settings
from bot.knowledge.partners import PartnerConfigError
from bot.web.app import create_app

if __name__ == "__main__":
    settings = load_settings()
    try:
        app = create_app(settings)
    except PartnerConfigError as refused:
        # A plain reason in the gateway's log, not a traceback: the partner's web team has to act on it.
        print(f"The gateway did not start. {refused}", file=sys.stderr)
        sys.exit(2)
    web.run_app(app, host=settings.gateway_host, port=settings.gateway_port, print=None, access_log=None)
