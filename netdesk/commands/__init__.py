"""One module per command of the ``netdesk`` command line; each defines ``register(subparsers)``."""
