from lunarbase.scene.cli import main

raise SystemExit(main())
