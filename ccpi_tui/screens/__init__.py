"""Screens: each one coordinates its widgets; dialogs return typed values."""
