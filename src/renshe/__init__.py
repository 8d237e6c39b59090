"""renshe (人社): the 2024 Chongqing HR & social-security compilation as working software."""

__version__ = "0.1.0"
