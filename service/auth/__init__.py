"""Staff accounts: roles, passwords, login sessions and the permission each page needs."""
