"""Files netdesk reads at run time: style sheet, icons, the demo network, message templates and the
informational-interview question bank.

Read them with ``importlib.resources.files("netdesk.resources")`` (``as_file`` where Qt needs a real
path), never by a path relative to the checkout: installed from a wheel or bundled, this folder is
wherever the package is.
"""
