// replaced by the UI
