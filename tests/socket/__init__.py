"""Chats and live updates with real Socket.IO clients against running app processes."""
