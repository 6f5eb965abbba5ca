"""Step modules of feature files that came after the root conftest's `pytest_plugins`
list. Their phrases are made visible to the features in this folder from here; once a
module joins that list, its line here goes (keeping both is harmless)."""

from steps.boundary_steps import *  # noqa: F403  (pytest-bdd registers each phrase as a module-level fixture)
