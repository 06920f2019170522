"""Package discovery that pyproject.toml cannot express: shipped content mapped into the wheel."""

from setuptools import find_packages, setup

SHIPPED = {"rmcoach._shipped.prompts": "prompts", "rmcoach._shipped.knowledge": "knowledge"}

setup(
    packages=[*find_packages("src"), *SHIPPED],
    package_dir={"": "src", **SHIPPED},
)
