from lunarbase.scene.cli.main import main

raise SystemExit(main())
