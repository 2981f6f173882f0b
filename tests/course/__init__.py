"""The course as a whole: pins, notebook hygiene, layout, install, nbval kernels, workspace, site."""
