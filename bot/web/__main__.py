from aiohttp import web

from bot.config import load_settings
from bot.web.app import create_app

if __name__ == "__main__":
    settings = load_settings()
    web.run_app(create_app(settings), host=settings.gateway_host, port=settings.gateway_port,
                print=None, access_log=None)
