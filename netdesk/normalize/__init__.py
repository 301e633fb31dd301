"""Field normalisers (phones, emails, links, hostile text) shared by capture, import and services.

Qt-free and storage-free: imports only ``netdesk.domain`` and well-kept parsing libraries.
"""
