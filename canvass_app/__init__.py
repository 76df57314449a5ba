"""Canvass: an offline reference of party programmes for door-to-door campaigners."""

APP_NAME = "Canvass"
APP_ID = "canvass"
__version__ = "0.1.0"
