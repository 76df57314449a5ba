"""PyInstaller entry point of the bundle: one executable, two commands, chosen by the name it is started as.

`canvass-app` starts the desktop app; `canvass` (a symlink to the same
executable, made by the spec) runs the command line. Sharing one executable
keeps a second copy of every Python module (about 3 MB) out of the bundle; the
command line still never imports Qt, because the choice is made before any of
the app is imported.
"""

import os
import sys

from canvass_app import APP_ID

if os.path.basename(sys.argv[0]) == APP_ID:
    from canvass_app.cli import main
else:
    from canvass_app.ui.app import main

sys.exit(main())
