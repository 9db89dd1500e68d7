"""The Textual app (imported only when the app runs: `cuikuan --help` stays fast)."""
