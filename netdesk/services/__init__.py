"""Use cases. Each owns its session scope (``with db.sessions.begin() as s:``): one transaction
per user action. The UI and the command line call these; they never see a Session."""
