"""What personal data becomes when its person asks to be forgotten (개인정보 보호법): one placeholder, the same
in every table, so that a search for the old values finds nothing and a reader sees what happened."""

FORGOTTEN = "(삭제됨)"
