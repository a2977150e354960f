"""The domain: pydantic models and pure logic. Never imports Textual."""
