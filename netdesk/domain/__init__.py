"""Plain dataclasses and rules; imports nothing but the standard library."""
