"""The domain services, called directly."""
