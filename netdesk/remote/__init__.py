"""Network I/O with the user's own CardDAV/CalDAV server: DAV requests and their XML, no Qt, no ORM.

The sync state machine (what changed since when) lives in ``netdesk.services.sync``; this layer
only speaks the protocol and turns every failure into a ``RemoteError`` sentence.
"""
