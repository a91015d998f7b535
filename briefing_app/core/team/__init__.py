"""The team archive: one library shared by an analyst team, kept in PostgreSQL.

`connection` opens a server from a libpq URL or service name, `schema` holds the versioned
migrations the app runs on it. Nothing here is imported unless a `postgresql://` (or
`service=`) library is opened, so a workstation library never loads the driver.
"""
